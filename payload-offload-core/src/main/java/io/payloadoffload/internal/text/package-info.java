/** Internal: quoting of user-supplied values in error messages, bounded in length. */
package io.payloadoffload.internal.text;
