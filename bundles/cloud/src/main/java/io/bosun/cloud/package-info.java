/** The cloud connector's implementation: private, exports nothing (docs/cloud.md). */
package io.bosun.cloud;
