package io.lokiz.generation.control;

import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.VideoProvider;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * A provider that answers what a test scripted, in order, and remembers what it was asked: the
 * outside service as ProviderSteps meets it, with no network between. An unscripted call fails
 * the test loudly.
 */
final class ScriptedProvider implements VideoProvider {

    static final String NAME = "scripted";

    private final Deque<Supplier<Generation>> submits = new ArrayDeque<>();
    private final Deque<Supplier<Generation>> polls = new ArrayDeque<>();
    final List<GenerationRequest> submitted = new ArrayList<>();
    final List<String> polled = new ArrayList<>();
    final List<String> canceled = new ArrayList<>();

    ScriptedProvider onSubmit(Supplier<Generation> answer) {
        submits.add(answer);
        return this;
    }

    ScriptedProvider onPoll(Supplier<Generation> answer) {
        polls.add(answer);
        return this;
    }

    @Override
    public String name() {
        return NAME;
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
