// Package chart draws the small SVG charts of the web pages on the server:
// horizontal bar charts for counts and line charts for indicators over
// time. Charts are plain markup, so they work offline, print, and need no
// JavaScript. Each chart is a <figure> with a caption, an SVG whose
// <title> and <desc> a screen reader announces, data marks that take
// keyboard focus and name their value, and the figures as a table for
// anyone who prefers numbers to shapes.
package chart
