package com.blockdb.jdbc.driver;

import java.net.URL;
import org.apache.calcite.avatica.remote.AuthenticationType;
import org.apache.calcite.avatica.remote.AvaticaCommonsHttpClientImpl;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.core5.http.HttpHost;

/**
 * Avatica's HTTP client (the remote driver's transport for {@code https://} servers), sending
 * HTTP BASIC credentials with the first request instead of only after a 401 challenge: a server
 * that serves requests without credentials anonymously never challenges, so a client that waits
 * for one would run as anonymous. It also saves that round trip on every new connection. Public
 * with a URL constructor because Avatica's client factory instantiates it by name
 * ({@code httpclient_impl}, which {@link RemoteUrl} sets and never takes from a URL).
 */
public final class PreemptiveBasicHttpClient extends AvaticaCommonsHttpClientImpl {

  public PreemptiveBasicHttpClient(URL url) {
    super(url);
  }

  @Override
  public void setUsernamePassword(AuthenticationType authType, String username, String password) {
    super.setUsernamePassword(authType, username, password);
    if (authType == AuthenticationType.BASIC && authCache != null && context != null && credentials != null) {
      // What the client would cache after a successful challenge, cached before the first request
      // (Avatica gives its request context the cache only when credentials came before the pool).
      BasicScheme basic = new BasicScheme();
      basic.initPreemptive(credentials);
      authCache.put(new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()), basic);
      context.setAuthCache(authCache);
    }
  }
}
