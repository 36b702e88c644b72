package node

import (
	"context"
	"database/sql"

	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/protobuf/proto"
)

// settingRecordJSON marks a database whose rows all carry records.data_json.
const settingRecordJSON = "records_json_filled"

// encodeRecord is the two forms of a record a row holds: data, the
// protobuf bytes everything in hcnet reads, and doc, the JSON the SQL
// views read (migration 0004). Every statement that writes data writes
// doc with it, so the views never show another version than the node
// serves. doc is a string so that SQLite stores TEXT, which its JSON
// functions read (a BLOB they refuse, or take for JSONB).
func encodeRecord(m proto.Message) (data []byte, doc string, err error) {
	data, err = proto.Marshal(m)
	if err != nil {
		return nil, "", err
	}
	return data, string(record.JSON(m)), nil
}

// fillRecordJSONBatch is how many rows the fill reads at a time: it
// keeps the memory of a large database's fill small.
const fillRecordJSONBatch = 500

// fillRecordJSON writes records.data_json, once per database, for the rows
// stored before the column existed (by an older hcnode, or in a backup
// put back since): the column's default is an empty object, which the
// views would show as a record with every field empty.
func (s *Store) fillRecordJSON(ctx context.Context) error {
	return s.oncePerDatabase(ctx, settingRecordJSON, func(tx *sql.Tx) error {
		after := ""
		for {
			type row struct {
				id   string
				kind record.Kind
				data []byte
			}
			rows, err := tx.QueryContext(ctx, `SELECT id, kind, data FROM records WHERE id > ? ORDER BY id LIMIT ?`, after, fillRecordJSONBatch)
			if err != nil {
				return err
			}
			var batch []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.kind, &r.data); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, r := range batch {
				m, err := decode(r.kind, r.data)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE records SET data_json = ? WHERE id = ?`, string(record.JSON(m)), r.id); err != nil {
					return err
				}
			}
			if len(batch) < fillRecordJSONBatch {
				return nil
			}
			after = batch[len(batch)-1].id
		}
	})
}
