export { conditionNumberFigure, convexityRegionFigure } from "./section2_2.js";
