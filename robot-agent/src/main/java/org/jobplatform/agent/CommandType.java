package org.jobplatform.agent;

/** What a command asks a robot to do with a job. */
public enum CommandType {
    /** Run the job. */
    START,
    /** End the job gracefully at its next step and report STOPPED. */
    STOP,
    /** End the job at once and report KILLED. */
    KILL
}
