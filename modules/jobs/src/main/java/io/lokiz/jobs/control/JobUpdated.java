package io.lokiz.jobs.control;

/** Fired inside the transaction that changed a job; observers act after it commits. */
public record JobUpdated(JobView view, long version) {

    public boolean isFinal() {
        return view.status().equals("completed") || view.status().equals("failed") || view.status().equals("canceled");
    }
}
