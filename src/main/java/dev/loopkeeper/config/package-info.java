/** Start-up configuration: one validated record, read from defaults, a properties file, .env and the environment. */
package dev.loopkeeper.config;
