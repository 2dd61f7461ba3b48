package io.lokiz.jobs.control;

import io.lokiz.jobs.Pipeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** The job types other modules registered, by type. */
@ApplicationScoped
public class Pipelines {

    private final Instance<Pipeline> pipelines;

    @Inject
    public Pipelines(@Any Instance<Pipeline> pipelines) {
        this.pipelines = pipelines;
    }

    protected Pipelines() {
        this.pipelines = null;
    }

    /** Every job type some pipeline runs. */
    public java.util.SortedSet<String> types() {
        var types = new java.util.TreeSet<String>();
        pipelines.forEach(p -> types.addAll(p.types()));
        return types;
    }

    /** The pipeline of {@code type}; an unknown type is a programming error, refused before any job of it exists. */
    public Pipeline of(String type) {
        for (Pipeline p : pipelines) {
            if (p.types().contains(type)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no pipeline runs jobs of type \"" + type + "\"");
    }
}
