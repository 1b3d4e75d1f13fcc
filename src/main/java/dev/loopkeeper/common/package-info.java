/** Small shared pieces every feature uses: cleaning user text, user-facing input errors, time wording. */
package dev.loopkeeper.common;
