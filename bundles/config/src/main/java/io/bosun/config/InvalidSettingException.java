package io.bosun.config;

/** A setting that stops start-up; the message names the variable and what is wrong with its value. */
final class InvalidSettingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String variable;

    InvalidSettingException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    String variable() {
        return variable;
    }
}
