package io.bosun.config;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A component property type as Declarative Services makes one: the given values, else each method's default. */
final class Annotations {
    private Annotations() {
    }

    static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue()));
    }
}
