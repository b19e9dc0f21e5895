package io.bosun.codec;

import java.util.Objects;

import org.osgi.service.component.annotations.Component;

import io.bosun.spi.target.InvalidTargetStateException;
import io.bosun.spi.target.TargetState;
import io.bosun.spi.target.TargetStateCodec;

/** The target-state codec of Bosun: strict reading with every fault named, normalisation, v2 conversion. */
@Component(service = TargetStateCodec.class)
public class JacksonTargetStateCodec implements TargetStateCodec {

    @Override
    public TargetState readV3(byte[] json, String deviceUuid) throws InvalidTargetStateException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(deviceUuid, "deviceUuid");
        return new V3Reader().read(JsonDocuments.parse(json), deviceUuid);
    }

    @Override
    public TargetState readV2(byte[] json, String deviceUuid, String currentDeviceName)
            throws InvalidTargetStateException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(deviceUuid, "deviceUuid");
        return new V2Converter().convert(JsonDocuments.parse(json), deviceUuid, currentDeviceName);
    }

    @Override
    public byte[] writeV3(TargetState target) {
        return JsonDocuments.write(new V3Writer(JsonDocuments.mapper().getNodeFactory()).write(target));
    }
}
