/**
 * The cloud connector as other bundles see it: where the connection to the fleet's backend stands, the device
 * API's way to ask for the target at once ({@code POST /v1/update}), and the credentials images of the cloud's
 * target are pulled with.
 */
@Export
@Version("1.0.0")
package io.bosun.spi.cloud;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
