package io.lokiz.generation.control;

import io.lokiz.fetch.GuardedFetcher;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.ProviderSpend;
import io.lokiz.providers.Task;
import io.lokiz.providers.VideoProvider;
import io.lokiz.providers.VideoProviders;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A provider that answers what a test scripted, in order, and remembers what it was asked: the
 * outside service as ProviderSteps meets it, with no network between. An unscripted call fails
 * the test loudly.
 */
public final class ScriptedProvider implements VideoProvider {

    public static final String NAME = "scripted";

    private final Deque<Supplier<Generation>> submits = new ArrayDeque<>();
    private final Deque<Supplier<Generation>> polls = new ArrayDeque<>();
    public final List<GenerationRequest> submitted = new ArrayList<>();
    public final List<String> polled = new ArrayList<>();
    public final List<String> canceled = new ArrayList<>();
    /** What the steps recorded as spent: {@code provider:request:usd}. */
    public final List<String> spent = new ArrayList<>();

    /** The shared provider steps over this provider alone, with the real URL guard (https, public addresses). */
    public ProviderSteps steps(GenerationSettings settings, Clock clock) {
        VideoProviders lookup = new VideoProviders() { // the real one finds CDI beans
            @Override
            public VideoProvider named(String name) {
                if (!name.equals(NAME)) {
                    throw new AssertionError("asked for provider " + name);
                }
                return ScriptedProvider.this;
            }
        };
        ProviderSpend spend = new ProviderSpend() { // the real one writes provider_spend, which ProviderSpendTest covers
            @Override
            public void record(UUID jobId, String provider, String requestId, double usd) {
                spent.add(provider + ":" + requestId + ":" + usd);
            }
        };
        return new ProviderSteps(lookup, spend, new QuietMetrics(), new GuardedFetcher(false, Optional.empty(), 1 << 20, 5, Optional.empty()),
                settings, clock);
    }

    public ScriptedProvider onSubmit(Supplier<Generation> answer) {
        submits.add(answer);
        return this;
    }

    public ScriptedProvider onPoll(Supplier<Generation> answer) {
        polls.add(answer);
        return this;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code scripted/<task>}: each task its own model, as at Replicate. */
    @Override
    public String model(Task task) {
        return NAME + "/" + task.getClass().getSimpleName().toLowerCase();
    }

    @Override
    public Generation submit(GenerationRequest request) {
        submitted.add(request);
        if (submits.isEmpty()) {
            throw new AssertionError("an unscripted submission: " + request);
        }
        return submits.poll().get();
    }

    @Override
    public Generation poll(String requestId) {
        polled.add(requestId);
        if (polls.isEmpty()) {
            throw new AssertionError("an unscripted poll of " + requestId);
        }
        return polls.poll().get();
    }

    @Override
    public void cancel(String requestId) {
        canceled.add(requestId);
    }
}
