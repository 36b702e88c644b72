package csvio

import (
	"errors"
	"fmt"
	"strings"
)

// Message is a problem's text as the web pages' catalogue knows it: ID
// is its English with {{.Name}} placeholders, Args the name, value
// pairs that fill them. hcctl prints the English; the pages translate.
type Message struct {
	ID   string
	Args []any
}

// English is the message as hcctl prints it.
func (m Message) English() string {
	s := m.ID
	for i := 0; i+1 < len(m.Args); i += 2 {
		s = strings.ReplaceAll(s, "{{."+fmt.Sprint(m.Args[i])+"}}", fmt.Sprint(m.Args[i+1]))
	}
	return s
}

// messageError is an error that keeps its Message, so a cell's problem
// reaches the file's problems as a message and not only as text.
type messageError struct{ m Message }

func (e messageError) Error() string { return e.m.English() }

// problemf is an error whose text is the message id filled with args.
func problemf(id string, args ...any) error {
	return messageError{Message{ID: id, Args: args}}
}

// messageOf is the Message an error carries, if any.
func messageOf(err error) *Message {
	var me messageError
	if errors.As(err, &me) {
		return &me.m
	}
	return nil
}

// problem is a Problem whose text is a message.
func problem(file string, line int, field, id string, args ...any) Problem {
	m := Message{ID: id, Args: args}
	return Problem{File: file, Line: line, Field: field, Text: m.English(), Message: &m}
}
