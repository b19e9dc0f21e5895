package io.bosun.example.vendor;

import org.osgi.framework.Bundle;

/**
 * Which build of the example runs: its variant and its bundle version, as the route reports them.
 *
 * @param variant how it behaves
 * @param version the Bundle-Version, so that a caller sees which of the three builds answered
 */
record Build(Variant variant, String version) {

    /** The build of the bundle the component belongs to, read from its own manifest. */
    static Build of(Bundle bundle) {
        return new Build(Variant.of(bundle.getHeaders().get(Variant.HEADER)), bundle.getVersion().toString());
    }

    /**
     * Fails the activation of the broken build. Every component calls it, so that SCR marks all of them
     * FAILED_ACTIVATION and none of the bundle's services is half there. The components are immediate, so the
     * failure comes when the bundle starts, while the updater's health gate watches, not at some first use.
     */
    Build requireActivation() {
        if (variant == Variant.FAILS_ACTIVATION) {
            throw new IllegalStateException(Variant.FAILS_ACTIVATION_MESSAGE);
        }
        if (variant == Variant.EXITS_THE_PROCESS) {
            exitTheProcess();
        }
        return this;
    }

    /**
     * The worst a bundle can do to its host, for the updater's crash safety: ends the whole JVM while the health
     * gate watches. From its own thread, as a misbehaving library would, not from SCR's activation thread.
     */
    private static void exitTheProcess() {
        Thread exit = new Thread(() -> System.exit(70), "example-exits-the-process");
        exit.setDaemon(true);
        exit.start();
    }
}
