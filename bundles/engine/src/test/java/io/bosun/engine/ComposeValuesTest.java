package io.bosun.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table cases for the compose value readers (ports, sizes, durations, commands, keys). */
class ComposeValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "80                        | :80:80:tcp",
        "8080:80                   | :8080:80:tcp",
        "127.0.0.1:8080:80/udp     | 127.0.0.1:8080:80:udp",
        "8000-8001:80-81           | :8000:80:tcp,:8001:81:tcp",
        "9100-9101                 | :9100:9100:tcp,:9101:9101:tcp",
        ":80                       | :80:80:tcp",
    })
    void portsInEveryShortForm(String spec, String expected) {
        List<String> mappings = PortSpecs.parse(spec).stream()
                .map(p -> p.hostIp() + ":" + p.hostPort() + ":" + p.containerPort() + ":" + p.protocol()).toList();
        assertEquals(List.of(expected.split(",")), mappings);
    }

    @ParameterizedTest
    @CsvSource({"80/sctp", "abc", "8000-8002:80-81"})
    void badPortsAreNamed(String spec) {
        InvalidServiceException e = assertThrows(InvalidServiceException.class, () -> PortSpecs.parse(spec));
        assertEquals(true, e.getMessage().startsWith("composition.ports: "), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void longFormPorts() {
        assertEquals(List.of(new PortMapping("10.0.0.1", 81, 80, "udp")),
                PortSpecs.parse(Map.of("target", 80, "published", 81, "protocol", "udp", "host_ip", "10.0.0.1")));
    }

    @ParameterizedTest
    @CsvSource({"64m,67108864", "1g,1073741824", "512k,524288", "100,100", "2mb,2097152", "10B,10"})
    void sizes(String text, long bytes) {
        assertEquals(Optional.of(bytes), Quantities.bytes(text));
    }

    @ParameterizedTest
    @CsvSource({"10s,10000000000", "1m30s,90000000000", "500ms,500000000", "1h,3600000000000", "1.5s,1500000000"})
    void durations(String text, long nanos) {
        assertEquals(Optional.of(nanos), Quantities.nanos(text));
    }

    @ParameterizedTest
    @CsvSource({"lots", "12q", "-1m"})
    void notSizes(String text) {
        assertEquals(Optional.empty(), Quantities.bytes(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sleep 10                        | sleep,10",
        "sh -c 'echo a; echo b'          | sh,-c,echo a; echo b",
        "echo \"x y\" z\\ w              | echo,x y,z w",
    })
    void commandsSplitLikeAShell(String line, String words) {
        assertEquals(List.of(words.split(",")), CommandLine.split(line));
    }

    @ParameterizedTest
    @CsvSource({"stop_grace_period,stopGracePeriod", "cap_add,capAdd", "network_mode,networkMode",
        "memLimit,memLimit", "dns-search,dnsSearch", "tty,tty"})
    void composeKeysAreCamelCased(String key, String expected) {
        assertEquals(expected, io.bosun.support.balena.ComposeKeys.camelCase(key));
    }
}
