package com.blockdb.cluster;

import com.blockdb.engine.BlockDbException;
import com.blockdb.engine.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS for the Raft port: every node presents its certificate and accepts only peers (and
 * clients) whose certificate its trust store trusts. Without it, any host that reaches a Raft port
 * can append entries or change the membership.
 *
 * @param keyManager this node's key and certificate
 * @param trustManager the certificates (or CA) of the cluster's nodes
 */
public record RaftTls(KeyManager keyManager, TrustManager trustManager) {

  public RaftTls {
    if (keyManager == null || trustManager == null) {
      throw new NullPointerException("Raft TLS needs a key manager and a trust manager");
    }
  }

  /**
   * Loads a key store (this node's key, as for the HTTPS port) and a trust store (PKCS12 or JKS,
   * detected from the file).
   */
  public static RaftTls fromKeyStores(Path keyStore, char[] keyStorePassword, Path trustStore,
      char[] trustStorePassword) {
    try {
      KeyStore ks = KeyStore.getInstance(keyStore.toFile(), keyStorePassword);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, keyStorePassword);
      KeyStore ts = KeyStore.getInstance(trustStore.toFile(), trustStorePassword);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      return new RaftTls(kmf.getKeyManagers()[0], tmf.getTrustManagers()[0]);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) { // IAE: a missing file
      throw new BlockDbException(ErrorCode.INVALID_ARGUMENT, "cannot load the Raft TLS key store " + keyStore
          + " or trust store " + trustStore + ": " + e.getMessage(), e);
    }
  }
}
