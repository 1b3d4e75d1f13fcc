/**
 * Personal triage: a person's untriaged loops one card at a time, each with a class suggested from their core loops
 * and active focus, and the class set directly.
 */
package dev.loopkeeper.triage;
