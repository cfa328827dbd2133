package io.agentry.server.web;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An API key as presented in {@code X-Api-Key} (not yet authenticated), or the {@link Caller} it was found
 * to be. The presented secret is dropped once authenticated ({@link #eraseCredentials()}); only a caller
 * ever reaches a controller. Admin keys hold {@link #ADMIN}.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    static final String ADMIN = "ROLE_ADMIN";

    private String presented;
    private final Caller caller;

    private ApiKeyAuthentication(String presented, Caller caller, List<GrantedAuthority> authorities) {
        super(authorities);
        this.presented = presented;
        this.caller = caller;
        setAuthenticated(caller != null);
    }

    static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(key, null, List.of());
    }

    static ApiKeyAuthentication of(Caller caller) {
        return new ApiKeyAuthentication(null, caller,
                caller.admin() ? List.of(new SimpleGrantedAuthority(ADMIN)) : List.of());
    }

    /** The caller, once authenticated; null before. */
    Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return presented;
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller == null ? "" : caller.keyName();
    }

    @Override
    public void eraseCredentials() {
        presented = null;
        super.eraseCredentials();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKeyAuthentication that && super.equals(that)
                && java.util.Objects.equals(caller, that.caller);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + java.util.Objects.hashCode(caller);
    }
}
