package com.blockdb.jdbc.driver;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.ConnectionConfig;
import org.apache.calcite.avatica.remote.AuthenticationType;
import org.apache.calcite.avatica.remote.AvaticaHttpClient;
import org.apache.calcite.avatica.remote.RemoteService;
import org.apache.calcite.avatica.remote.Service;

/**
 * How the remote driver's Avatica connections talk to the server (Avatica's {@code factory}
 * setting, which {@link RemoteUrl} sets and never takes from a URL): protobuf through
 * {@link SignatureKeepingService} over {@link KeepAliveHttpClient} for {@code http://} servers
 * with BASIC or no authentication; Avatica's own HTTP client for {@code https://} (its trust and
 * key store settings) and for other authentication schemes; JSON serialization when the URL asks
 * for it. Public with a no-argument constructor because Avatica instantiates it by name.
 */
public final class RemoteServiceFactory implements Service.Factory {

  @Override
  public Service create(AvaticaConnection connection) {
    ConnectionConfig config = connection.config();
    URL url;
    try {
      url = new URI(config.url()).toURL();
    } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed server address '" + config.url() + "': " + e.getMessage(), e);
    }
    AvaticaHttpClient http = transport(url, config);
    boolean json = config.serialization() != null
        && config.serialization().toUpperCase(Locale.ROOT).equals("JSON");
    return json ? new ClosingJsonService(http) : new SignatureKeepingService(http);
  }

  /** Avatica's JSON client service, closing its transport with the connection. */
  private static final class ClosingJsonService extends RemoteService implements AutoCloseable {
    private final AvaticaHttpClient http;

    ClosingJsonService(AvaticaHttpClient http) {
      super(http);
      this.http = http;
    }

    @Override
    public void close() throws Exception {
      if (http instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  private static AvaticaHttpClient transport(URL url, ConnectionConfig config) {
    String auth = config.authentication();
    boolean basic = auth != null && AuthenticationType.BASIC.name().equalsIgnoreCase(auth);
    boolean none = auth == null || AuthenticationType.NONE.name().equalsIgnoreCase(auth);
    if ("http".equalsIgnoreCase(url.getProtocol()) && (basic || none)) {
      String credentials = basic && config.avaticaUser() != null && config.avaticaPassword() != null
          ? config.avaticaUser() + ":" + config.avaticaPassword() : null;
      return new KeepAliveHttpClient(url, credentials, config.getHttpConnectionTimeout(),
          config.getHttpResponseTimeout());
    }
    return config.httpClientFactory().getClient(url, config, null);
  }
}
