package io.lokiz.credits.control;

import io.lokiz.credits.Credits;
import io.lokiz.kernel.Chore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Housekeeping of the ledger: credits past their expiry date leave their accounts. */
@ApplicationScoped
public class CreditExpiry implements Chore {

    private final Credits credits;

    @Inject
    public CreditExpiry(Credits credits) {
        this.credits = credits;
    }

    protected CreditExpiry() {
        this(null);
    }

    @Override
    public String sweep() {
        long expired = credits.expireDue();
        return expired == 0 ? "" : expired + " expired credits left their accounts";
    }
}
