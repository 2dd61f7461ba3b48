package io.lokiz.providers;

/**
 * An image-to-video generator. Remote providers answer {@link Generation.Running} and are polled
 * (or called back); the local provider renders at once and answers {@link Generation.Finished}.
 * Implementations never throw for a provider's own refusal: they answer {@link Generation.Failed}.
 */
public interface VideoProvider {

    /** The name jobs record and configuration selects, e.g. {@code local}, {@code fal}. */
    String name();

    /** Whether it has what it needs (its key) to take jobs; the local provider always has. */
    default boolean configured() {
        return true;
    }

    /** Whether its generations cost us money (and so count against the monthly budget). */
    default boolean paid() {
        return false;
    }

    /** The setting that holds its key, named when a route to it lacks one. */
    default String keySetting() {
        return "";
    }

    /**
     * The model it runs for {@code task}, as {@code owner/name} without a version (what the plan's
     * {@code output_data.model} shows, e.g. {@code google/veo-3-fast}).
     */
    String model(Task task);

    /** Starts a generation. */
    Generation submit(GenerationRequest request);

    /** Where a running generation stands. */
    Generation poll(String requestId);

    /** Asks the provider to stop a running generation; best effort, repeated calls are harmless. */
    void cancel(String requestId);
}
