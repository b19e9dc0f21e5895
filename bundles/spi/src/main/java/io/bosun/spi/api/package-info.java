/**
 * The device API's routes as a whiteboard: any bundle adds endpoints under the same auth, scopes and error
 * mapping as the built-in ones.
 */
@Export
@Version("1.0.0")
package io.bosun.spi.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
