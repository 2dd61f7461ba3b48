package io.lokiz.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fields every log line of this thread carries while the context is open: in the server's JSON
 * log as {@code ext_jobId}, {@code ext_userId}, {@code ext_requestId}, so an operator filters one
 * job's lines, whatever logger wrote them. Liberty's {@code LogRecordContext} does the work; it is
 * found at run time, so code outside the server (unit tests, the benchmark) logs as usual.
 * Never put a secret or a token in a field.
 */
public final class LogContext implements AutoCloseable {

    private static final MethodHandle ADD;
    private static final MethodHandle REMOVE;

    static {
        MethodHandle add = null;
        MethodHandle remove = null;
        try {
            Class<?> context = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext");
            var lookup = MethodHandles.publicLookup();
            add = lookup.findStatic(context, "addExtension", MethodType.methodType(void.class, String.class, String.class));
            remove = lookup.findStatic(context, "removeExtension", MethodType.methodType(boolean.class, String.class));
        } catch (ReflectiveOperationException | LinkageError notOnLiberty) {
            // plain java.util.logging: the message text still names the job
        }
        ADD = add;
        REMOVE = remove;
    }

    private final Map<String, String> fields;

    private LogContext(Map<String, String> fields) {
        this.fields = fields;
    }

    /** Opens a context of {@code name → value} pairs (null values are left out); close it in the same thread. */
    public static LogContext of(String... namesAndValues) {
        var fields = new LinkedHashMap<String, String>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                fields.put(namesAndValues[i], namesAndValues[i + 1]);
                call(ADD, namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return new LogContext(fields);
    }

    @Override
    public void close() {
        fields.keySet().forEach(name -> call(REMOVE, name, null));
    }

    private static void call(MethodHandle handle, String name, String value) {
        if (handle == null) {
            return;
        }
        try {
            if (value == null) {
                boolean ignored = (boolean) handle.invokeExact(name);
            } else {
                handle.invokeExact(name, value);
            }
        } catch (Throwable e) {
            // logging context is a help, never a reason to fail the work it describes
        }
    }
}
