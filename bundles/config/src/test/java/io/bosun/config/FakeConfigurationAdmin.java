package io.bosun.config;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** An in-memory ConfigurationAdmin, with as much of it as this bundle calls; counts the updates of each PID. */
final class FakeConfigurationAdmin {
    final Map<String, Hashtable<String, Object>> stored = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> updates = new ConcurrentHashMap<>();

    ConfigurationAdmin admin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConfiguration")) {
                        return configuration((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    int updatesOf(String pid) {
        return updates.computeIfAbsent(pid, p -> new AtomicInteger()).get();
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getPid":
                            return pid;
                        case "getProperties":
                            Hashtable<String, Object> properties = stored.get(pid);
                            return properties == null ? null : new Hashtable<>(properties);
                        case "update":
                            store(pid, args[0]);
                            return null;
                        case "updateIfDifferent":
                            if (copy(args[0]).equals(stored.get(pid))) {
                                return false;
                            }
                            store(pid, args[0]);
                            return true;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private void store(String pid, Object properties) {
        stored.put(pid, copy(properties));
        updates.computeIfAbsent(pid, p -> new AtomicInteger()).incrementAndGet();
    }

    @SuppressWarnings("unchecked")
    private static Hashtable<String, Object> copy(Object properties) {
        Dictionary<String, Object> dictionary = (Dictionary<String, Object>) properties;
        Hashtable<String, Object> copy = new Hashtable<>();
        for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, dictionary.get(key));
        }
        return copy;
    }
}
