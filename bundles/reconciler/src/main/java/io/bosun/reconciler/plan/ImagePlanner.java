package io.bosun.reconciler.plan;

import io.bosun.spi.engine.ContainerView;
import io.bosun.spi.engine.ImageView;
import io.bosun.spi.store.ImageRecord;
import io.bosun.support.balena.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which images to record, remove and clean up. Images are identified by their records (name, app, service,
 * release); an image is the supervisor's once recorded, and only its own images are ever removed by name.
 */
final class ImagePlanner {
    private final List<CurrentApp> current;
    private final List<AppTarget> target;
    private final PlanContext ctx;

    private ImagePlanner(List<CurrentApp> current, List<AppTarget> target, PlanContext ctx) {
        this.current = current;
        this.target = target;
        this.ctx = ctx;
    }

    static List<Step> steps(List<CurrentApp> current, List<AppTarget> target, PlanContext ctx) {
        return new ImagePlanner(current, target, ctx).steps();
    }

    /** Whatever their spelling, the same familiar name or the same digest ({@link ImageReference#same}). */
    static boolean sameImage(String a, String b) {
        return a.equals(b) || ImageReference.same(a, b);
    }

    private List<Step> steps() {
        if (!ctx.keepImages()) {
            List<String> dangling = danglingImages();
            if (!dangling.isEmpty()) {
                return List.of(new Step.Cleanup(dangling));
            }
        }
        List<Step> steps = new ArrayList<>();
        List<ImageRecord> available = ctx.imageRecords().stream().filter(this::onEngine).toList();
        List<ImageRecord> targetImages = target.stream().flatMap(a -> a.services().stream())
                .map(ServiceTarget::image).toList();
        for (ServiceTarget s : target.stream().flatMap(a -> a.services().stream()).toList()) {
            boolean recorded = available.stream().anyMatch(r -> sameMetadata(r, s.image()));
            if (s.ready() && !recorded) {
                steps.add(new Step.SaveImage(withEngineId(s)));
            }
        }
        if (!ctx.keepImages()) {
            List<ImageRecord> inUse = new ArrayList<>(targetImages);
            current.forEach(app -> app.containers().forEach(c -> recordOf(c, available).ifPresent(inUse::add)));
            Set<String> deltaSources = deltaSources(available);
            for (ImageRecord r : available) {
                // Removal is by name: a record whose image is still wanted (its own, or a stale one until saveImage
                // replaces it) stays; balena removes the image and downloads it again.
                boolean nameInUse = inUse.stream().anyMatch(u -> sameImage(u.name(), r.name()));
                // An image the engine refused to delete lately is set aside, not tried again at every cycle.
                boolean setAside = ctx.ignoredImages().contains(r.name());
                if (!nameInUse && !deltaSources.contains(r.name()) && !setAside) {
                    steps.add(new Step.RemoveImage(r));
                }
            }
        }
        return steps;
    }

    private ImageRecord withEngineId(ServiceTarget s) {
        ImageRecord r = s.image();
        return new ImageRecord(r.name(), r.appId(), r.appUuid(), r.serviceId(), r.serviceName(), r.imageId(),
                r.releaseId(), r.commit(), s.definition().map(d -> d.facts().imageId()));
    }

    /** The record a container was made from: by engine id, commit and service, else by engine id alone. */
    private static Optional<ImageRecord> recordOf(ContainerView c, List<ImageRecord> available) {
        Optional<String> id = Optional.of(c.facts().imageId());
        return available.stream().filter(r -> r.dockerImageId().equals(id)
                        && r.commit().equals(c.identity().commit())
                        && r.serviceName().equals(c.identity().serviceName())).findFirst()
                .or(() -> available.stream().filter(r -> r.dockerImageId().equals(id)).findFirst());
    }

    /**
     * Images kept while a service's new image downloads, as balena keeps them for deltas: the old image of the
     * same app and service, unless the service asks to delete it first.
     */
    private Set<String> deltaSources(List<ImageRecord> available) {
        Set<String> sources = new LinkedHashSet<>();
        for (ServiceTarget s : target.stream().flatMap(a -> a.services().stream()).toList()) {
            boolean toDownload = available.stream().noneMatch(r -> sameImage(r.name(), s.image().name()));
            if (toDownload && s.strategy() != Strategy.DELETE_THEN_DOWNLOAD) {
                available.stream().filter(r -> r.appId() == s.image().appId()
                        && r.serviceName().equals(s.name())).forEach(r -> sources.add(r.name()));
            }
        }
        return sources;
    }

    private boolean onEngine(ImageRecord r) {
        ImageReference name = ImageReference.parse(r.name());
        return ctx.engineImages().stream().anyMatch(i -> r.dockerImageId().map(i.id()::equals).orElse(false)
                || name.names(i.tags(), i.digests()));
    }

    /** Records are the same image when all but the engine's id agree. */
    static boolean sameMetadata(ImageRecord a, ImageRecord b) {
        return a.name().equals(b.name()) && a.appId() == b.appId() && a.appUuid().equals(b.appUuid())
                && a.serviceId() == b.serviceId() && a.serviceName().equals(b.serviceName())
                && a.imageId() == b.imageId() && a.releaseId() == b.releaseId() && a.commit().equals(b.commit());
    }

    /** Untagged images that no record and no supervised container refers to. */
    private List<String> danglingImages() {
        Set<String> referenced = new LinkedHashSet<>();
        ctx.imageRecords().forEach(r -> r.dockerImageId().ifPresent(referenced::add));
        current.forEach(app -> app.containers().forEach(c -> referenced.add(c.facts().imageId())));
        return ctx.engineImages().stream()
                .filter(i -> i.tags().isEmpty() && i.digests().isEmpty())
                .map(ImageView::id).filter(Objects::nonNull)
                .filter(id -> !referenced.contains(id) && !ctx.ignoredImages().contains(id)).toList();
    }
}
