-- Every focus change reads the person's "Not relevant" pairs for the new focus (twice: when it ranks, and again where
-- it writes the reminder). The table's key is (loop_id, focus_key), so that read went through every row of every
-- person: 5.9 ms at 200,000 rows, twice in each decision. By owner and focus key it reads only the answer, and
-- /forget-me and /export find a person's rows the same way. With the loop id in it, the index alone answers.
CREATE INDEX suppression_by_owner ON suppression (owner_id, focus_key, loop_id);
