package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.annotation.Priority;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How every JSON body becomes a request record: strictly, in one place. A field declared as a
 * whole number takes only a JSON integer that fits (never {@code 4.9}, {@code "4"} or a number
 * that wraps); a string takes only a string, a boolean only {@code true}/{@code false}; unknown
 * fields and duplicate keys are refused, since each hides a client bug that would otherwise be
 * silently ignored. Then the record's Bean Validation constraints ({@code @Max} on an amount...)
 * are checked. Arrays bind to lists element by element, each judged like a field. Every refusal is a {@code 400} naming the field by its JSON path.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
@Priority(Priorities.USER - 100) // before the runtime's lenient JSON-B reader
public class StrictJson implements MessageBodyReader<Object> {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(
            Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    /** How deep a body may nest objects and arrays: far more than any request of ours needs, far less than a parser's stack. */
    static final int MAX_DEPTH = 64;
    /** The instants a request may name: what every store of ours (PostgreSQL's timestamps among them) holds. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord() || Map.class.isAssignableFrom(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        // JSON bodies are at most 64 KB (BodyLimit, which answers 413 while this reads), so they are
        // read whole: their nesting is judged before a parser recurses into it.
        byte[] bytes = body.readAllBytes();
        if (bytes.length == 0) {
            return required(type);
        }
        int depth = JsonNesting.depth(bytes);
        if (depth > MAX_DEPTH) {
            throw Problem.invalid("body", "The request body nests " + depth + " levels deep; at most " + MAX_DEPTH + " are taken");
        }
        JsonValue json;
        try (var reader = READERS.createReader(new ByteArrayInputStream(bytes))) {
            json = reader.readValue();
        } catch (JsonException e) {
            throw Problem.invalid("body", "The request body is not valid JSON: " + e.getMessage());
        }
        if (json.getValueType() == JsonValue.ValueType.NULL) {
            return required(type);
        }
        Object value = bind(json, genericType, "", null);
        if (type.isRecord()) {
            Set<ConstraintViolation<Object>> violations = VALIDATOR.validate(value);
            violations.stream().min(Comparator.comparing(v -> v.getPropertyPath().toString())).ifPresent(v -> {
                String field = jsonPath(type, v.getPropertyPath());
                throw Problem.invalid(field, field + " " + v.getMessage());
            });
        }
        return value;
    }

    /** No body, or {@code null}: every request record is a JSON object, so that is a 400 (a map may be absent). */
    private static Object required(Class<Object> type) {
        if (type.isRecord()) {
            throw Problem.invalid("body", "The request needs a JSON object as its body");
        }
        return null;
    }

    /** {@code value} as {@code type}, or a 400 naming {@code path}; {@code declared} carries the bounds. */
    static Object bind(JsonValue value, Type type, String path, AnnotatedElement declared) {
        Class<?> raw = raw(type);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (raw.isPrimitive()) {
                throw Problem.invalid(name(path), name(path) + " is required");
            }
            return null;
        }
        if (raw == String.class) {
            if (value instanceof JsonString s) {
                if (s.getString().indexOf(0) >= 0) { // PostgreSQL keeps no NUL in text, nor would any field of ours
                    throw Problem.invalid(name(path), name(path) + " must not contain NUL characters");
                }
                return s.getString();
            }
            throw wrongType(path, "a string", value);
        }
        if (raw == Integer.class || raw == int.class) {
            return (int) whole(value, path, declared, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (raw == Long.class || raw == long.class) {
            return whole(value, path, declared, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (raw == Double.class || raw == double.class) {
            return decimal(value, path);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
                return value == JsonValue.TRUE;
            }
            throw wrongType(path, "true or false", value);
        }
        if (raw == Instant.class) {
            if (value instanceof JsonString s) {
                try {
                    Instant at = Instant.parse(s.getString());
                    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                        throw Problem.invalid(name(path), name(path) + " must lie between years 1 and 9999, not " + abbreviated(value));
                    }
                    return at;
                } catch (DateTimeParseException e) {
                    // answered below, with the expected form
                }
            }
            throw wrongType(path, "an ISO-8601 instant such as \"2027-01-31T12:00:00Z\"", value);
        }
        if (raw.isRecord()) {
            return record(object(value, path), raw, path);
        }
        if (Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType map) {
            Map<String, Object> bound = new LinkedHashMap<>();
            object(value, path).forEach((key, member) ->
                    bound.put(key, bind(member, map.getActualTypeArguments()[1], join(path, key), null)));
            return bound;
        }
        if (List.class.isAssignableFrom(raw) && type instanceof ParameterizedType list) {
            if (!(value instanceof JsonArray array)) {
                throw wrongType(path, "an array", value);
            }
            List<Object> bound = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                bound.add(bind(array.get(i), list.getActualTypeArguments()[0], name(path) + "[" + i + "]", null));
            }
            return Collections.unmodifiableList(bound);
        }
        throw new IllegalStateException("no strict JSON binding for " + type + " at " + name(path));
    }

    private static Object record(JsonObject object, Class<?> type, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Set<String> known = new HashSet<>();
        for (RecordComponent component : components) {
            known.add(jsonName(component));
        }
        object.keySet().stream().filter(key -> !known.contains(key)).sorted().findFirst().ifPresent(key -> {
            throw Problem.invalid(join(path, key), join(path, key) + " is not a field here; known fields are "
                    + Arrays.stream(components).map(StrictJson::jsonName).toList());
        });
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            String name = jsonName(component);
            values[i] = bind(object.get(name), component.getGenericType(), join(path, name), component.getAccessor());
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException refused) {
                throw refused; // a record that checks itself has spoken
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + type.getName(), e);
        }
    }

    /** A violation's property path as the client wrote it: JSON names, through nested records. */
    private static String jsonPath(Class<?> type, jakarta.validation.Path path) {
        StringBuilder json = new StringBuilder();
        Class<?> at = type;
        for (jakarta.validation.Path.Node node : path) {
            String name = node.getName();
            RecordComponent component = at == null || !at.isRecord() ? null
                    : Arrays.stream(at.getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst().orElse(null);
            json.append(json.isEmpty() ? "" : ".").append(component == null ? name : jsonName(component));
            at = component == null ? null : component.getType();
        }
        return json.toString();
    }

    /** The component's name in JSON: its {@code @JsonbProperty}, as JSON-B writes it, else its own. */
    private static String jsonName(RecordComponent component) {
        JsonbProperty property = component.getAccessor().getAnnotation(JsonbProperty.class);
        return property == null || property.value().isEmpty() ? component.getName() : property.value();
    }

    /**
     * A JSON integer within [{@code min}, {@code max}]. The magnitude is judged before any
     * arithmetic, so {@code 1e999999999} costs nothing; the bounds named in a refusal are the
     * field's own ({@code @Min}/{@code @Max}) where it declares them.
     */
    private static long whole(JsonValue value, String path, AnnotatedElement declared, long min, long max) {
        if (!(value instanceof JsonNumber number)) {
            throw wrongType(path, "a whole number", value);
        }
        BigDecimal decimal = number.bigDecimalValue();
        if (decimal.scale() > 0 && decimal.stripTrailingZeros().scale() > 0) {
            throw wrongType(path, "a whole number", value);
        }
        Min low = declared == null ? null : declared.getAnnotation(Min.class);
        Max high = declared == null ? null : declared.getAnnotation(Max.class);
        long from = low == null ? min : Math.max(min, low.value());
        long to = high == null ? max : Math.min(max, high.value());
        if (decimal.precision() - decimal.scale() > 19
                || decimal.compareTo(BigDecimal.valueOf(from)) < 0 || decimal.compareTo(BigDecimal.valueOf(to)) > 0) {
            throw Problem.invalid(name(path), name(path) + " must be a whole number from " + from + " to " + to
                    + ", not " + abbreviated(value));
        }
        return decimal.longValueExact();
    }

    /** A JSON number that a double holds without turning into infinity (seconds, rates...). */
    private static double decimal(JsonValue value, String path) {
        if (!(value instanceof JsonNumber number)) {
            throw wrongType(path, "a number", value);
        }
        BigDecimal decimal = number.bigDecimalValue();
        if (decimal.precision() - decimal.scale() > 15) {
            throw Problem.invalid(name(path), name(path) + " is out of range: " + abbreviated(value));
        }
        return decimal.doubleValue();
    }

    private static JsonObject object(JsonValue value, String path) {
        if (value instanceof JsonObject object) {
            return object;
        }
        throw wrongType(path, "a JSON object", value);
    }

    private static WebApplicationException wrongType(String path, String expected, JsonValue value) {
        return Problem.invalid(name(path), name(path) + " must be " + expected + ", not " + abbreviated(value));
    }

    /** What the client sent, short enough to quote back. */
    private static String abbreviated(JsonValue value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String name(String path) {
        return path.isEmpty() ? "body" : path;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("no strict JSON binding for " + type);
    }
}
