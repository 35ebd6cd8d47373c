/**
 * Spring Boot auto-configuration of payload-offload. Add the starter and a database, and the
 * application gets a {@code PayloadOffloader}, a {@code PayloadResolver}, an expiry sweeper, the
 * fetch endpoint, a health indicator and meters, configured under {@code payload-offload.*}
 * ({@link io.payloadoffload.spring.PayloadOffloadProperties}); docs/spring-boot.md is the guide.
 */
package io.payloadoffload.spring;
