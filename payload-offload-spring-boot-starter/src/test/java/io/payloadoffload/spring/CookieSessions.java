package io.payloadoffload.spring;

import io.payloadoffload.http.RequestAuthenticator;
import jakarta.servlet.http.Cookie;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's own authenticator: the browser's session cookie names the session that fetches. */
@Configuration(proxyBeanMethods = false)
class CookieSessions {
  @Bean
  RequestAuthenticator payloadRequestAuthenticator() {
    return request -> Stream.ofNullable(request.getCookies()).flatMap(Arrays::stream)
        .filter(cookie -> cookie.getName().equals("session")).map(Cookie::getValue).findFirst();
  }
}
