package io.bosun.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bosun.spi.engine.ImageView;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Regression: a target image named {@code docker.io/library/busybox:latest} (or {@code library/busybox}) is
 * listed by the engine as {@code busybox:latest}; matched by exact tag only, the service was never ready, the same
 * fetch was planned again and again and the run failed with "No progress".
 */
class TargetModelTest {
    private static final String DIGEST = "sha256:" + "c".repeat(64);
    private static final ImageView BUSYBOX = new ImageView("sha256:busybox-id", List.of("busybox:latest"),
            List.of("busybox@" + DIGEST));
    private static final ImageView APP = new ImageView("sha256:app-id", List.of("user/app:tag"), List.of());

    @Test
    void imageReferencesConvergeWhateverTheSpelling() {
        List<ImageView> engine = List.of(APP, BUSYBOX);
        for (String name : List.of("docker.io/library/busybox:latest", "library/busybox", "busybox",
                "busybox:latest", "busybox@" + DIGEST, "docker.io/library/busybox@" + DIGEST, "sha256:busybox-id")) {
            assertEquals(Optional.of(BUSYBOX), TargetModel.imageOf(name, engine), name);
        }
        assertEquals(Optional.of(APP), TargetModel.imageOf("docker.io/user/app:tag", engine));
        assertEquals(Optional.empty(), TargetModel.imageOf("busybox:1.36", engine));
    }
}
