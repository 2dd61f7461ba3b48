package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

/**
 * Whole numbers in query parameters and headers, strictly: {@code ?limit=4.9} or
 * {@code ?before=99999999999999999999} is a 400 naming the parameter. (JAX-RS would answer a
 * failed conversion of a query parameter with a bare 404, as if the address did not exist.)
 */
@Provider
public class StrictParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> type, Type genericType, Annotation[] annotations) {
        if (type == Integer.class) {
            return (ParamConverter<T>) new Whole<>(name(annotations), Integer::valueOf);
        }
        if (type == Long.class) {
            return (ParamConverter<T>) new Whole<>(name(annotations), Long::valueOf);
        }
        return null;
    }

    private static String name(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
            if (annotation instanceof HeaderParam header) {
                return header.value();
            }
        }
        return "parameter";
    }

    private record Whole<T extends Number>(String name, Function<String, T> parse) implements ParamConverter<T> {

        @Override
        public T fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return parse.apply(value);
            } catch (NumberFormatException e) {
                String shown = value.length() > 40 ? value.substring(0, 37) + "..." : value;
                throw Problem.invalid(name, name + " must be a whole number, not \"" + shown + "\"");
            }
        }

        @Override
        public String toString(T value) {
            return value.toString();
        }
    }
}
