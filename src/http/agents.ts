import http from 'node:http';
import https from 'node:https';
import { getProxyUrl, HttpClient } from '@actions/http-client';
import { VERSION } from '../version.js';

/**
 * Connection agents per scheme. Direct connections get plain keep-alive agents; when https_proxy/http_proxy (and
 * no_proxy) send a URL through a proxy, @actions/http-client builds the tunnelling agent, so every imagegate client
 * honours the runner's proxy settings the same way. One HttpClient per scheme: it caches a single agent, and an
 * http agent must never carry an https request (a registry redirecting to https storage).
 */
export class AgentPool {
  private readonly direct: { 'http:': http.Agent; 'https:': https.Agent };
  private readonly proxied = new Map<string, HttpClient>();

  constructor(private readonly keepAlive = true) {
    this.direct = { 'http:': new http.Agent({ keepAlive }), 'https:': new https.Agent({ keepAlive }) };
  }

  agentFor(url: URL): http.Agent {
    if (getProxyUrl(url.href) === '') return url.protocol === 'https:' ? this.direct['https:'] : this.direct['http:'];
    let client = this.proxied.get(url.protocol);
    if (!client) {
      client = new HttpClient(`imagegate/${VERSION}`, [], { keepAlive: this.keepAlive });
      this.proxied.set(url.protocol, client);
    }
    return client.getAgent(url.href);
  }

  /** Closes kept-alive connections. */
  dispose(): void {
    this.direct['http:'].destroy();
    this.direct['https:'].destroy();
    for (const client of this.proxied.values()) client.dispose();
    this.proxied.clear();
  }
}
