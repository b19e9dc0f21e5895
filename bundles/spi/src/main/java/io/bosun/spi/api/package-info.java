/**
 * The device API's routes as a whiteboard: any bundle adds endpoints under the same auth, scopes and error
 * mapping as the built-in ones; {@link io.bosun.spi.api.ApiEndpoint} says where the API answers.
 */
@Export
@Version("1.1.0")
package io.bosun.spi.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
