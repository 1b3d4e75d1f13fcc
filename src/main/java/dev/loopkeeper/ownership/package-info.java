/**
 * A person's data is theirs: {@link dev.loopkeeper.ownership.PersonalData} names every table that holds it and how a
 * person's rows are found; {@link dev.loopkeeper.ownership.DataService} exports them (Markdown, JSON, CSV), imports a
 * JSON export again, and forgets a person at once; {@link dev.loopkeeper.ownership.ServerDeparture} deletes a server's
 * settings and shared lot some time after the bot was removed from it. A test fails when a table holds personal data
 * the registry does not cover.
 */
package dev.loopkeeper.ownership;
