package io.lokiz.providers.control;

/** The provider answered 4xx (not 429): asking again the same way gets the same answer. */
public class ProviderRefused extends RuntimeException {

    private final int status;
    private final String detail;

    public ProviderRefused(int status, String detail) {
        super("HTTP " + status + ": " + detail);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    /** The provider's own words, short enough to show a user. */
    public String detail() {
        return detail;
    }

    /** True when the input itself was refused (400, 422): another attempt would be refused too. */
    public boolean inputRefused() {
        return status == 400 || status == 422;
    }
}
