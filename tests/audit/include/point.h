/*
 * point.h: aggregates passed and returned by value, which cshim gen's
 * helpers pass by pointer (`*ret = (f)(*a, *b)`); cshim audit knows that form.
 */
#ifndef POINT_H
#define POINT_H

struct point {
	long x, y;
};

static inline struct point point_add(struct point a, struct point b)
{
	struct point r = {a.x + b.x, a.y + b.y};
	return r;
}

static inline long point_x(struct point p)
{
	return p.x;
}

#endif
