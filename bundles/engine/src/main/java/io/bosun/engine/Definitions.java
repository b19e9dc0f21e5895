package io.bosun.engine;

import io.bosun.spi.engine.ServiceContext;
import io.bosun.spi.target.TargetService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The services composed lately, by what they were composed from (service, context, image id) and by digest, so that
 * planning again costs no engine call and a definition handed back for creation finds its configuration. Bounded:
 * the least recently used go first; one that went is composed again from the definition's own service and context.
 */
final class Definitions {
    static final int LIMIT = 512;

    private record Key(TargetService service, ServiceContext context, String imageId) {
    }

    private final Map<Key, Composed> bySource = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Composed> eldest) {
            return size() > LIMIT;
        }
    };
    private final Map<String, Composed> byDigest = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Composed> eldest) {
            return size() > LIMIT;
        }
    };

    synchronized Optional<Composed> of(TargetService service, ServiceContext context, String imageId) {
        return Optional.ofNullable(bySource.get(new Key(service, context, imageId)));
    }

    synchronized Optional<Composed> ofDigest(String digest) {
        return Optional.ofNullable(byDigest.get(digest));
    }

    synchronized void keep(TargetService service, ServiceContext context, String imageId, Composed composed) {
        bySource.put(new Key(service, context, imageId), composed);
        byDigest.put(composed.definition().facts().digest(), composed);
    }
}
