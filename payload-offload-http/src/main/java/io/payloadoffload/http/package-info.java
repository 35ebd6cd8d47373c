/**
 * Serving payloads over HTTP: {@link io.payloadoffload.http.PayloadServlet} answers
 * {@code GET}/{@code HEAD /payloads/{id}} on any Jakarta Servlet 6 container (Jetty 12 ee10, Tomcat
 * 10.1+, Spring MVC), and a {@link io.payloadoffload.http.RequestAuthenticator} maps each request to the
 * session that asks. The module uses the core's public API only.
 */
package io.payloadoffload.http;
