/**
 * The updater as other bundles see it: which bundles run, where they came from, and where the bundles of a
 * carrier service stand (a service labelled {@value BundleUpdates#CARRIER_LABEL}{@code =1}, whose image holds
 * {@code /bundles/*.jar} and is never run).
 */
@Export
@Version("1.0.0")
package io.bosun.spi.bundles;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
