package dev.pushclock.ops;

/** A request parameter the client got wrong: answered with 400 and a problem naming it. */
public class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String requirement) {
        super(parameter + " " + requirement);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
