package io.bosun.spi.engine;

/** A service's status, with the words balena's API reports. */
public enum ServiceStatus {
    INSTALLING("Installing"), INSTALLED("Installed"), STARTING("Starting"), RUNNING("Running"),
    STOPPING("Stopping"), EXITED("exited"), PAUSED("paused"), RESTARTING("restarting"), REMOVING("removing"),
    DEAD("Dead"), HANDING_OVER("Handing over"), AWAITING_HANDOVER("Awaiting handover");

    private final String wireName;

    ServiceStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The status as the device API reports it. */
    public String wireName() {
        return wireName;
    }
}
