package io.bosun.launcher;

import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * A name for a build's launch plan. It tells builds apart (every build stamps its bundles' versions into the
 * plan), it guards against no adversary, and it must be cheap: a message digest would load the security providers
 * at every start, some 20 ms before anything else runs.
 */
final class Digests {
    private Digests() {
    }

    /** 16 hex digits: two different checksums of the content. */
    static String of(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        CRC32C crcC = new CRC32C();
        crcC.update(content);
        return String.format("%08x%08x", crc.getValue(), crcC.getValue());
    }
}
