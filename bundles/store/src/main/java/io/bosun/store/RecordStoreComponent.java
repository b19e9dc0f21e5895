package io.bosun.store;

import io.bosun.spi.config.SupervisorConfig;
import io.bosun.spi.store.RecordStore;
import io.bosun.spi.store.Records;
import java.util.Objects;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link RecordStore} on the {@code record}, {@code record_member} and {@code record_entry} tables. A namespace's
 * {@link Records} find the database at each call, so one kept by a consumer follows a new data folder.
 */
@Component(service = RecordStore.class)
public final class RecordStoreComponent implements RecordStore {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9.-]+");

    private final ConfiguredDatabase database = new ConfiguredDatabase("the record store");

    @Reference(name = "config", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(SupervisorConfig config) {
        database.bind(config);
    }

    void unbindConfig(SupervisorConfig config) {
        database.unbind(config);
    }

    @Deactivate
    void deactivate() {
        database.close();
    }

    @Override
    public Records namespace(String owner) {
        Objects.requireNonNull(owner, "owner");
        if (!NAMESPACE.matcher(owner).matches()) {
            throw new IllegalArgumentException("a namespace is letters, digits, '.' and '-': '" + owner + "'");
        }
        return new NamespaceRecords(owner, database);
    }
}
