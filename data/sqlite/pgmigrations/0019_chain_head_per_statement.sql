-- 0019 (PostgreSQL): each chain's head is kept once per statement instead of once per row. A
-- transaction day's batch inserts its entries in one statement (ledger.flush), and updating
-- chain_heads for each of them was half of each insert's cost. The trigger keeps its name (the
-- check looks for it) and its meaning: after an INSERT, the head is the statement's last row.
CREATE FUNCTION chain_head_of_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE chain_heads h SET last_id = n.id, hash = n.hash
        FROM (SELECT id, hash FROM added ORDER BY id DESC LIMIT 1) n
        WHERE h.chain = TG_TABLE_NAME;
    RETURN NULL;
END
$$;

DROP TRIGGER entries_chain_head ON entries;
CREATE TRIGGER entries_chain_head AFTER INSERT ON entries
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION chain_head_of_statement();
DROP TRIGGER audit_chain_head ON audit;
CREATE TRIGGER audit_chain_head AFTER INSERT ON audit
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION chain_head_of_statement();
DROP FUNCTION chain_head();
