package io.bosun.spi.api;

import java.net.URI;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The device API is answering at this address: registered by the API once its port is bound, gone when it stops.
 * For whoever must reach the API as a client does (the updater's health gate, tests): with port 0 in the settings,
 * the bound port is only known here.
 */
@ProviderType
public interface ApiEndpoint {
    /** The service property holding {@link #uri()} as text, for code that looks the service up by name. */
    String URI_PROPERTY = "bosun.api.uri";

    /** The API's base, ending in {@code /}, e.g. {@code http://127.0.0.1:48484/}. */
    URI uri();
}
