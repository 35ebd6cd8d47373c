/** Internal: checksums over original bytes, computed in parallel for arrays, and verifying reads. */
package io.payloadoffload.internal.integrity;
