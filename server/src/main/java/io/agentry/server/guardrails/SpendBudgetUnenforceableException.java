package io.agentry.server.guardrails;

import io.agentry.server.web.ApiException;
import io.agentry.server.web.RequestRefusedException;
import org.springframework.http.HttpStatus;

/**
 * A spend budget applies to a run whose model has no known price, so its cost could not be counted.
 * Fails closed: the run is refused until an operator prices the model ({@code agentry.prices[<model>]}).
 * Not retriable as is.
 */
public class SpendBudgetUnenforceableException extends RequestRefusedException {

    SpendBudgetUnenforceableException(String model) {
        super("A spend budget applies but no price is known for model " + model
                + ", so its cost cannot be counted; an operator must configure agentry.prices[" + model + "]");
    }

    @Override
    public ApiException problem() {
        return new ApiException(HttpStatus.FORBIDDEN, "budget-unenforceable", "Budget Unenforceable", getMessage(),
                null, null);
    }
}
