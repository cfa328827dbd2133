package io.agentry.server.models;

/**
 * A model id that cannot be served as configured, and what fixes it: either the id names no model Agentry has
 * ({@link #isUnknownModel()}; {@link #remedy()} lists the ids it takes), or the model's provider lacks a setting
 * ({@link #remedy()} names what to set). Start-up reports it for the agent that names the model.
 */
public final class ModelSetupException extends IllegalArgumentException {

    private final String problem;
    private final boolean unknownModel;
    private final String remedy;

    private ModelSetupException(String problem, boolean unknownModel, String remedy) {
        super(problem + (unknownModel ? "; use " : ": set ") + remedy);
        this.problem = problem;
        this.unknownModel = unknownModel;
        this.remedy = remedy;
    }

    static ModelSetupException unknownModel(String problem, String validIds) {
        return new ModelSetupException(problem, true, validIds);
    }

    static ModelSetupException unconfiguredProvider(String problem, String settings) {
        return new ModelSetupException(problem, false, settings);
    }

    /** What is wrong, without the remedy: "model 'openai:gpt-4o' needs an OpenAI API key". */
    public String problem() {
        return problem;
    }

    public boolean isUnknownModel() {
        return unknownModel;
    }

    /** The model ids to use instead (unknown model), or the settings to set (unconfigured provider). */
    public String remedy() {
        return remedy;
    }
}
