/** Error responses of every service's API as RFC 9457 problem+json with a useful detail. */
package org.jobplatform.starter.web;
