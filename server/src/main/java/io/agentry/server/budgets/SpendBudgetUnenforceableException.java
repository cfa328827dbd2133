package io.agentry.server.budgets;

/**
 * A spend budget applies to a run whose model has no known price, so its cost could not be counted.
 * Fails closed: the run is refused until an operator prices the model ({@code agentry.prices[<model>]}).
 * Not retriable as is.
 */
public class SpendBudgetUnenforceableException extends RuntimeException {

    SpendBudgetUnenforceableException(String model) {
        super("A spend budget applies but no price is known for model " + model
                + ", so its cost cannot be counted; an operator must configure agentry.prices[" + model + "]",
                null, false, false);
    }
}
