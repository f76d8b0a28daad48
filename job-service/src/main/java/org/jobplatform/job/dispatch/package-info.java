/** Assignment of waiting jobs to robots with room, and their START commands; held while the tenant is in maintenance. */
package org.jobplatform.job.dispatch;
